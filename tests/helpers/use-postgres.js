// The API suite of this jest project runs on postgres.
process.env.TEST_DB = 'postgres';
