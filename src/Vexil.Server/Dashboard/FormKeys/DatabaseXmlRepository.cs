using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.FormKeys;

/// <summary>
/// The Data Protection key ring (what protects the dashboard's antiforgery tokens) kept in the control plane's
/// database, so that every replica sharing PostgreSQL reads the same keys: a form served by one replica posts to
/// any other. Keys are only ever added (Data Protection revokes by adding a revocation element); a replica that
/// meets a token protected with a key it has not loaded yet refreshes its key ring from here.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous; Data Protection calls it when it builds or refreshes its key ring
/// (at start, once a day, and on an unknown key id), never per request, so the blocking waits here are rare.
/// </remarks>
internal sealed class DatabaseXmlRepository(Database database) : IXmlRepository
{
    /// <summary>Every stored element, oldest first.</summary>
    public IReadOnlyCollection<XElement> GetAllElements() =>
        Task.Run(async () => await database.ReadManyAsync(
            "SELECT xml FROM data_protection_keys ORDER BY id",
            r => XElement.Parse(r.GetString(0)),
            CancellationToken.None)).GetAwaiter().GetResult();

    /// <summary>Adds an element; a name already stored (the same key written twice) is kept as it was.</summary>
    public void StoreElement(XElement element, string friendlyName) =>
        Task.Run(async () =>
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var insert = Database.Command(
                connection,
                null,
                "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@name, @xml, @now) ON CONFLICT (friendly_name) DO NOTHING",
                ("@name", friendlyName),
                ("@xml", element.ToString(SaveOptions.DisableFormatting)),
                ("@now", database.Now()));
            await insert.ExecuteNonQueryAsync(CancellationToken.None);
        }).GetAwaiter().GetResult();
}
