CREATE TABLE book (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    title   TEXT    NOT NULL,
    author  TEXT    NOT NULL,
    isbn    TEXT    NOT NULL UNIQUE,
    pages   INTEGER NOT NULL CHECK (pages > 0),
    version INTEGER NOT NULL
);
