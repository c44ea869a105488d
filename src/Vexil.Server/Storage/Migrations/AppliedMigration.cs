namespace Vexil.Server.Storage.Migrations;

/// <summary>A row of <c>schema_migrations</c>; <paramref name="Checksum"/> is null where a release before checksums applied it.</summary>
internal sealed record AppliedMigration(long Version, string Name, string? Checksum);
