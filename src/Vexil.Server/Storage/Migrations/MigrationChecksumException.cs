namespace Vexil.Server.Storage.Migrations;

/// <summary>
/// An applied migration whose file changed since it ran: the start stops (<c>vexil</c> prints the message and exits
/// with code 4) and the database is left as it was.
/// </summary>
internal sealed class MigrationChecksumException(string message) : InvalidOperationException(message);
