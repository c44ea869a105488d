namespace Vexil.Events.Bus.Sqlite;

/// <summary>The in-process bus's SQL: a queue table, a duplicate-detection table and one pending row per consumer and message.</summary>
internal static class SqliteBusSql
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS bus_messages (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            topic TEXT NOT NULL,
            msg_id TEXT NOT NULL,
            payload BLOB NOT NULL,
            published_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS bus_messages_topic ON bus_messages (topic, seq);
        CREATE TABLE IF NOT EXISTS bus_dedupe (
            topic TEXT NOT NULL,
            msg_id TEXT NOT NULL,
            published_at INTEGER NOT NULL,
            PRIMARY KEY (topic, msg_id));
        CREATE INDEX IF NOT EXISTS bus_dedupe_at ON bus_dedupe (published_at);
        CREATE TABLE IF NOT EXISTS bus_consumers (
            consumer TEXT NOT NULL PRIMARY KEY,
            topic TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS bus_pending (
            consumer TEXT NOT NULL,
            seq INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            leased INTEGER NOT NULL,
            deliveries INTEGER NOT NULL,
            PRIMARY KEY (consumer, seq));
        CREATE INDEX IF NOT EXISTS bus_pending_seq ON bus_pending (seq);
        """;

    public const string PruneDedupe = "DELETE FROM bus_dedupe WHERE published_at < $cutoff";

    public const string InsertDedupe = """
        INSERT INTO bus_dedupe (topic, msg_id, published_at) VALUES ($topic, $id, $now)
        ON CONFLICT (topic, msg_id) DO NOTHING
        """;

    public const string InsertMessage = """
        INSERT INTO bus_messages (topic, msg_id, payload, published_at) VALUES ($topic, $id, $payload, $now)
        RETURNING seq
        """;

    public const string FanOut = """
        INSERT INTO bus_pending (consumer, seq, visible_at, leased, deliveries)
        SELECT consumer, $seq, 0, 0, 0 FROM bus_consumers WHERE topic = $topic
        """;

    public const string RegisterConsumer = """
        INSERT INTO bus_consumers (consumer, topic) VALUES ($consumer, $topic)
        ON CONFLICT (consumer) DO NOTHING
        """;

    public const string Backfill = """
        INSERT INTO bus_pending (consumer, seq, visible_at, leased, deliveries)
        SELECT $consumer, seq, 0, 0, 0 FROM bus_messages WHERE topic = $topic
        ON CONFLICT (consumer, seq) DO NOTHING
        """;

    /// <summary>Messages leased by a previous incarnation of this bus (a crash) are due again at once.</summary>
    public const string ReleaseLeases = "UPDATE bus_pending SET visible_at = 0, leased = 0 WHERE consumer = $consumer AND leased = 1";

    public const string SelectDue = """
        SELECT p.seq, m.msg_id, m.payload, p.deliveries
        FROM bus_pending p JOIN bus_messages m ON m.seq = p.seq
        WHERE p.consumer = $consumer AND p.visible_at <= $now
        ORDER BY p.seq
        LIMIT $limit
        """;

    public const string Lease = """
        UPDATE bus_pending SET visible_at = $until, leased = 1, deliveries = deliveries + 1
        WHERE consumer = $consumer AND seq = $seq
        """;

    public const string Ack = """
        DELETE FROM bus_pending WHERE consumer = $consumer AND seq = $seq;
        DELETE FROM bus_messages WHERE seq = $seq AND NOT EXISTS (SELECT 1 FROM bus_pending WHERE seq = $seq);
        """;

    public const string Nak = "UPDATE bus_pending SET visible_at = $until, leased = 0 WHERE consumer = $consumer AND seq = $seq";

    public const string Measure = "SELECT COUNT(*), COALESCE(SUM(LENGTH(payload)), 0) FROM bus_messages WHERE topic = $topic";
}
