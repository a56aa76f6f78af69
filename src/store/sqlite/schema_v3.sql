-- Reference accounts (标杆案例, PLAYBOOK §13): NULL = not a reference.
ALTER TABLE account ADD COLUMN reference_stage TEXT;
ALTER TABLE account ADD COLUMN reference_since TEXT;
-- Win-back (PLAYBOOK §12): the requirement whose absence lost a churned account. No
-- foreign key: a deleted requirement leaves a link that simply finds nothing.
ALTER TABLE term ADD COLUMN churn_requirement_id INTEGER;
-- Win-back: churn reasons the CSM marks fixed (a cheaper plan for "price"), and from when.
CREATE TABLE fixed_reason (
    reason   TEXT PRIMARY KEY,
    fixed_on TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT ''
);
