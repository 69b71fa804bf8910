// The API suite of this jest project runs on sqlite.
process.env.TEST_DB = 'sqlite';
