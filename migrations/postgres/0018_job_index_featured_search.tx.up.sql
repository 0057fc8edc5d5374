-- The featured jobs' own search index. A text search lists its featured
-- matches first; finding them in the index of every open job intersected
-- the term's whole list with the filters' (about 4 ms for a common word on
-- a board of 136,000 jobs, twice a search), where the few featured rows
-- have lists of their own (0.1 ms). A featured period that has ended
-- stays in it until the scheduler clears featured_until; the query's own
-- condition leaves it out meanwhile.
CREATE INDEX job_index_featured_search_idx ON job_index USING gin (search) WHERE featured_until IS NOT NULL;
