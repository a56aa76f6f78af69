-- Import mappings (issue 14 item 8): the columns a user mapped by hand in the dashboard's
-- import preview, remembered for files with the same header set and kind. Settings, not
-- portfolio facts: no account refers to them and the JSON export does not carry them.
-- header_key: the folded headers, sorted, joined by U+001F (interchange::saved::header_key).
-- headers and mapping: JSON arrays (the headers as written; [header, field or null] pairs).
CREATE TABLE import_mapping (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    header_key   TEXT NOT NULL,
    headers      TEXT NOT NULL,
    mapping      TEXT NOT NULL,
    created_on   TEXT NOT NULL,
    used_on      TEXT NOT NULL,
    UNIQUE (kind, header_key)
);
