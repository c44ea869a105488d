using System.Globalization;
using System.Text;

namespace Vexil.LoadHarness.Events;

/// <summary>
/// A <c>POST /events/v1/bulk</c> body of <c>items</c> exposures, or of <c>items</c> summaries each counting
/// <see cref="EvaluationsPerSummary"/> evaluations, with a fixed-width id rewritten per send (each batch is new).
/// </summary>
internal sealed class BatchTemplate
{
    public const int EvaluationsPerSummary = 100;
    private const string IdPlaceholder = "00000000000000000000";

    private readonly byte[] _body;
    private readonly int _idOffset;

    private BatchTemplate(byte[] body, int items, bool summaries)
    {
        _body = body;
        _idOffset = body.AsSpan().IndexOf(Encoding.ASCII.GetBytes(IdPlaceholder));
        Items = items;
        Summaries = summaries;
    }

    public int Items { get; }

    public bool Summaries { get; }

    public int Length => _body.Length;

    public static BatchTemplate Exposures(int items) => new(Body(items, "exposures", i =>
        $$"""{"flag":"flag-{{i % 50}}","variation":"b","version":3,"targetingKey":"user-{{i}}","at":"2026-11-24T12:00:{{i % 60:D2}}.000Z"}"""), items, false);

    public static BatchTemplate SummaryBatch(int items) => new(Body(items, "summaries", i =>
        $$"""{"flag":"flag-{{i % 50}}","variation":"{{(i % 2 == 0 ? "on" : "off")}}","version":7,"count":{{EvaluationsPerSummary}},"start":"2026-11-24T12:00:00.000Z","end":"2026-11-24T12:01:00.000Z"}"""), items, true);

    /// <summary>A copy of the body under a new id (<paramref name="run"/> keeps runs apart, <paramref name="sequence"/> batches).</summary>
    public byte[] Next(int run, long sequence)
    {
        var copy = (byte[])_body.Clone();
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{run:D3}{sequence:D17}"), copy.AsSpan(_idOffset, IdPlaceholder.Length));
        return copy;
    }

    private static byte[] Body(int items, string field, Func<int, string> item)
    {
        var builder = new StringBuilder($$"""{"id":"{{IdPlaceholder}}","sdk":"vexil-load-harness","{{field}}":[""");
        for (var i = 0; i < items; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(item(i));
        }

        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }
}
