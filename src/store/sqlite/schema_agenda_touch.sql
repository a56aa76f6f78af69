-- V15: the agenda's good moments (issue 19): the praise touchpoints of this quarter up to
-- today, found by kind and date instead of a scan of every touchpoint (the 100k demo holds
-- ~1M; `radar agenda` read them all twice, for its candidates and for their facts).
CREATE INDEX touchpoint_kind_date ON touchpoint(kind, date);
