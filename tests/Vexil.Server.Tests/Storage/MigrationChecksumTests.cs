using Vexil.Server.Storage.Migrations;

namespace Vexil.Server.Tests.Storage;

/// <summary>
/// What a migration's checksum covers (its meaning, not its line endings or trailing whitespace), and the checksums
/// of the migrations already on main, pinned: databases hold them, so a change to one of these files would stop every
/// server that applied it. Fix a migration with a new one; never edit one that shipped.
/// </summary>
public sealed class MigrationChecksumTests
{
    private const string Sql = "CREATE TABLE t (\n    id BIGINT PRIMARY KEY -- the key\n);\n";

    [Fact]
    public void Checksum_IsLowercaseSha256Hex_OfTheNormalisedText()
    {
        Assert.Matches("^[0-9a-f]{64}$", MigrationChecksum.Of(Sql));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("x\n"u8)), MigrationChecksum.Of("x"));
    }

    [Theory]
    [InlineData("CREATE TABLE t (\r\n    id BIGINT PRIMARY KEY -- the key\r\n);\r\n")] // checked out with core.autocrlf
    [InlineData("CREATE TABLE t (\r    id BIGINT PRIMARY KEY -- the key\r);\r")]
    [InlineData("\uFEFFCREATE TABLE t (\n    id BIGINT PRIMARY KEY -- the key\n);\n")] // a BOM
    [InlineData("CREATE TABLE t (   \n    id BIGINT PRIMARY KEY -- the key\t\n);")] // trailing whitespace, no final newline
    [InlineData("CREATE TABLE t (\n    id BIGINT PRIMARY KEY -- the key\n);\n\n\n")] // blank lines at the end
    public void LineEndings_TrailingWhitespace_Bom_FinalNewlines_DoNotCount(string reformatted) =>
        Assert.Equal(MigrationChecksum.Of(Sql), MigrationChecksum.Of(reformatted));

    [Theory]
    [InlineData("CREATE TABLE t (\n    id BIGINT PRIMARY KEY -- the primary key\n);\n")] // a comment
    [InlineData("CREATE TABLE t (\n  id BIGINT PRIMARY KEY -- the key\n);\n")] // indentation
    [InlineData("CREATE TABLE t (\n    id BIGINT  PRIMARY KEY -- the key\n);\n")] // whitespace inside a line
    [InlineData("\nCREATE TABLE t (\n    id BIGINT PRIMARY KEY -- the key\n);\n")] // a blank line at the start
    [InlineData("CREATE TABLE t (\n    id INTEGER PRIMARY KEY -- the key\n);\n")]
    public void AnyOtherEdit_Counts(string edited) =>
        Assert.NotEqual(MigrationChecksum.Of(Sql), MigrationChecksum.Of(edited));

    public static TheoryData<string, string, string> Shipped => new()
    {
        { "Sqlite", "0001_initial", "8ed9c6efed2253691f40b9b63d37e9dded879c37b435f473f6d42b9d058365c9" },
        { "Sqlite", "0002_webhooks", "25cc725f4af66adc08e385988840568a8c8a0cf1f564d3650158137a19bfd79d" },
        { "Sqlite", "0003_client_key_origins", "3bd85a3173fd1ac91467329f968a9da480970d66260e1e97729480ca8013a4d0" },
        { "Sqlite", "0004_typed_changes", "e1937c802e7407c7566bf102cbc82dad60e2eb11a8394e81910987c5e41f6915" },
        { "Sqlite", "0005_sdk_key_names", "a851e35cd30637dec0aad5c7eede21c3061d2cc904cf84c37aeed44dafaa28ca" },
        { "Sqlite", "0006_data_protection_keys", "9a3dc50915f080cc1a0c0b2214cc52a7bed37856a6ad879fea914d976a2be366" },
        { "Sqlite", "0007_governance", "f14f036c788d21021f09279b4ad4b9822ebbda03125dc10dbf22339a77ad3e04" },
        { "Sqlite", "0008_sign_in_throttle", "758e9dab68da2398ead99484849ee72e8b675eadd18c81ec689dab617035a9c7" },
        { "Sqlite", "0009_account_lifecycle", "3efdee7ff1fcb913f6f23c94d704dfb78768fa7b1d152516dffdd214407f63e0" },
        { "Postgres", "0001_initial", "96cb61c2c5d0d35690d31d94cc1427ccc111d28e8318c7e61f9f53b3bc502d6f" },
        { "Postgres", "0002_webhooks", "acd594df442687072817762908e4616fffaee724aee054a019201a8e8b0c4c61" },
        { "Postgres", "0003_client_key_origins", "3bd85a3173fd1ac91467329f968a9da480970d66260e1e97729480ca8013a4d0" },
        { "Postgres", "0004_typed_changes", "5bdb5533c53b38b70eb6a691506cd775d212733f632db7d64b9c7e5938a6b90a" },
        { "Postgres", "0005_sdk_key_names", "a851e35cd30637dec0aad5c7eede21c3061d2cc904cf84c37aeed44dafaa28ca" },
        { "Postgres", "0006_data_protection_keys", "f1ac09ffafd4029a2eb7d7e3e3c57fe5314aa1f681a3997f4bfed8d241f50c3d" },
        { "Postgres", "0007_governance", "b7136855f8dc7d85a6565a15446ab9477ff3d15349ca1188fe5226508147b524" },
        { "Postgres", "0008_sign_in_throttle", "31bad96da2cd36b785c009c38f847747f125d20a911dde71eb06407628e1a72b" },
        { "Postgres", "0009_account_lifecycle", "b98c3c667a103253c4a4a5266e93ace70a0b2853b02df972efc161a3bd21720c" },
    };

    /// <summary>0001–0003 are the migrations of release 0.1.0 (bf3c338), whose databases get these checksums on their first start.</summary>
    [Theory]
    [MemberData(nameof(Shipped))]
    public void ShippedMigration_KeepsItsChecksum(string folder, string name, string checksum) =>
        Assert.Equal(checksum, Migration.Load(folder).Single(m => m.Name == name).Checksum);
}
