import GRDB

extension AppDatabase {
  /// The schema, one migration per step. A migration is never changed once shipped.
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE company (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            nameKey TEXT NOT NULL UNIQUE,
            legalForm TEXT,
            alternateNames TEXT NOT NULL DEFAULT '[]',
            emailDomains TEXT NOT NULL DEFAULT '[]',
            createdAt DATETIME NOT NULL
          );
          CREATE TABLE contact (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT, familyName TEXT, givenName TEXT, nameKana TEXT, nameLatin TEXT,
            nameKey TEXT,
            kanaKey TEXT,
            latinKey TEXT,
            companyId INTEGER REFERENCES company(id),
            company TEXT, department TEXT, title TEXT,
            postalCode TEXT, address TEXT,
            urls TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'met'
              CHECK (status IN ('met', 'contacted', 'meeting', 'deliberating', 'won', 'lost', 'dormant')),
            paused BOOLEAN NOT NULL DEFAULT 0,
            timeZone TEXT,
            threadMessageId TEXT,
            lastTouchAt DATETIME,
            reviewState TEXT NOT NULL DEFAULT 'ok'
              CHECK (reviewState IN ('ok', 'fields', 'duplicate')),
            lowConfidenceFields TEXT NOT NULL DEFAULT '[]',
            manualFields TEXT NOT NULL DEFAULT '[]',

            mergedIntoId INTEGER REFERENCES contact(id),
            createdAt DATETIME NOT NULL,
            updatedAt DATETIME NOT NULL
          );
          CREATE INDEX contact_nameKey ON contact(nameKey);
          CREATE INDEX contact_kanaKey ON contact(kanaKey);
          CREATE INDEX contact_latinKey ON contact(latinKey);
          CREATE INDEX contact_companyId ON contact(companyId);
          CREATE INDEX contact_reviewState ON contact(reviewState);
          CREATE INDEX contact_lastActivity ON contact(COALESCE(lastTouchAt, createdAt));
          CREATE TABLE contactEmail (
            id INTEGER PRIMARY KEY,
            contactId INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            email TEXT NOT NULL,
            isPrimary BOOLEAN NOT NULL DEFAULT 0,
            UNIQUE (contactId, email)
          );
          CREATE INDEX contactEmail_email ON contactEmail(email);
          CREATE TABLE contactPhone (
            id INTEGER PRIMARY KEY,
            contactId INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            number TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('tel', 'fax', 'mobile', 'other')),
            raw TEXT NOT NULL,
            UNIQUE (contactId, number, kind)
          );
          CREATE INDEX contactPhone_number ON contactPhone(number);
          CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            date TEXT NOT NULL,
            place TEXT,
            UNIQUE (name, date)
          );
          CREATE TABLE card (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            mediaPath TEXT,
            eventId INTEGER REFERENCES event(id),
            event TEXT,
            metDate TEXT NOT NULL,
            ocr TEXT NOT NULL,
            parse TEXT NOT NULL,
            contactId INTEGER NOT NULL REFERENCES contact(id),
            decision TEXT NOT NULL CHECK (decision IN ('new', 'merged', 'review')),
            ingestedAt DATETIME NOT NULL
          );
          CREATE INDEX card_contactId ON card(contactId);
          CREATE TABLE reviewCandidate (
            cardId INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,
            contactId INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            score REAL NOT NULL,
            PRIMARY KEY (cardId, contactId)
          );
          CREATE TABLE followUp (
            id INTEGER PRIMARY KEY,
            contactId INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'call', 'task')),
            step INTEGER,
            title TEXT,
            dueAt DATETIME NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'sending', 'sent', 'done', 'failed', 'cancelled')),
            messageId TEXT UNIQUE,
            subject TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            nextAttemptAt DATETIME,
            lastError TEXT,
            completedAt DATETIME,
            createdAt DATETIME NOT NULL
          );
          CREATE INDEX followUp_status_dueAt ON followUp(status, dueAt);
          CREATE INDEX followUp_contactId ON followUp(contactId);
          CREATE TABLE touch (
            id INTEGER PRIMARY KEY,
            contactId INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('note', 'reply', 'call', 'meeting', 'email')),
            note TEXT,
            at DATETIME NOT NULL
          );
          CREATE INDEX touch_contactId ON touch(contactId, at);
          -- Full-text index of each contact (rowid = contact.id), kept up to date by the store.
          CREATE VIRTUAL TABLE contactSearch USING fts5(text, tokenize = 'trigram');
          CREATE TABLE mergeLog (
            id INTEGER PRIMARY KEY,
            keepId INTEGER NOT NULL REFERENCES contact(id),
            otherId INTEGER NOT NULL REFERENCES contact(id),
            at DATETIME NOT NULL,
            undo TEXT NOT NULL,
            undoneAt DATETIME
          );
          CREATE TABLE auditLog (
            id INTEGER PRIMARY KEY,
            at DATETIME NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL
          );
          """)
    }
    return m
  }
}
