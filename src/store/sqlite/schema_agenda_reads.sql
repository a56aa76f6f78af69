-- V15: what the agenda's candidates query (issue 19) scanned whole tables for.
-- The good moments of this quarter: praise touchpoints by kind and date (the 100k demo
-- holds ~540k touchpoints; `radar agenda` read them all twice, for its candidates and for
-- their facts), and requirements delivered since the quarter began (~490k steps, of which
-- ~40k are deliveries: a partial index holds only those).
CREATE INDEX touchpoint_kind_date ON touchpoint(kind, date);
CREATE INDEX requirement_transition_delivered ON requirement_transition(at) WHERE status = 'delivered';
