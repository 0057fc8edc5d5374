ALTER TABLE orders DROP CONSTRAINT orders_job_fk;
