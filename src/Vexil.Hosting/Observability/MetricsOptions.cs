using System.ComponentModel.DataAnnotations;
using Vexil.Hosting.Configuration.Validation;

namespace Vexil.Hosting.Observability;

/// <summary>
/// Who may scrape <c>/metrics</c> (section <c>Vexil:Metrics</c>), on every role. Metrics describe the deployment (routes,
/// error rates, environments, token ids), so they are not served anonymously on the API's listener: a scraper uses a
/// listener of their own, <see cref="Listen"/> (bind it to the monitoring network), and/or the bearer <see cref="Token"/>.
/// With neither, <c>/metrics</c> answers 404.
/// </summary>
// Settable, not init: the configuration binding generator (Native AOT) skips init-only properties without a word
// (dotnet/runtime#107856); OptionsBindingTests keeps it so.
internal sealed record MetricsOptions
{
    public const string Section = "Vexil:Metrics";

    /// <summary>
    /// A listener that serves <c>/metrics</c>, <c>/health/live</c> and <c>/health/ready</c> and nothing else, e.g.
    /// <c>http://10.0.1.5:9464</c>; its port must be explicit and differ from <c>Vexil:Listen</c>'s. Without a token it
    /// serves them to anyone who can reach it.
    /// </summary>
    [Url]
    public string? Listen { get; set; }

    /// <summary>A secret scrapers send as <c>Authorization: Bearer …</c>; when set, <c>/metrics</c> needs it on every listener (also <c>TokenFile</c>).</summary>
    [MinimumCount(16)]
    public string? Token { get; set; }
}
