// The API suite of this jest project runs on mysql.
process.env.TEST_DB = 'mysql';
