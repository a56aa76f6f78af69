-- Exchange rates (issue 16): from valid_from on, 1 currency = rate_micro / 1,000,000 base.
-- Exact decimals as integer micro-units, never floating point. One rate per pair and day.
CREATE TABLE fx_rate (
    currency    TEXT NOT NULL CHECK (length(currency) = 3),
    base        TEXT NOT NULL CHECK (length(base) = 3 AND base <> currency),
    valid_from  TEXT NOT NULL,
    rate_micro  INTEGER NOT NULL CHECK (rate_micro > 0),
    PRIMARY KEY (currency, base, valid_from)
);
