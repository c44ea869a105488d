using Vexil.Server.Webhooks;

namespace Vexil.Server.Dashboard.Webhooks;

/// <summary>The project's webhooks, the new-webhook form (as typed after an error), and a secret just made (shown once).</summary>
internal sealed record WebhooksModel(IReadOnlyList<WebhookState> Webhooks, WebhookForm Form, IReadOnlyList<string> Errors, string? Secret, string? CreatedId);

/// <summary>One webhook: the edit form, its latest delivery attempts, and a secret just rotated (shown once).</summary>
internal sealed record WebhookPageModel(WebhookState Webhook, WebhookForm Form, IReadOnlyList<WebhookDeliveryResponse> Deliveries, IReadOnlyList<string> Errors, string? Secret, bool Saved);

/// <summary>
/// What a webhook form holds: the receiver, the checked event groups, single event types (comma separated), the
/// environment filter, a description, the name (empty: the id on create, unchanged on edit) and whether it is enabled.
/// </summary>
internal sealed record WebhookForm(string Url, IReadOnlyList<string> Groups, string Types, string Environment, string Description, string Name, bool Enabled)
{
    /// <summary>The patterns offered as check boxes; single types are typed.</summary>
    public static readonly IReadOnlyList<string> GroupPatterns = ["*", "flag.*", "segment.*", "policy.*", "permissions.*", "changeRequest.*", "schedule.*"];

    public static readonly WebhookForm Empty = new(string.Empty, ["flag.*"], string.Empty, string.Empty, string.Empty, string.Empty, true);

    public static WebhookForm Of(IFormCollection form) =>
        new(form["url"].ToString().Trim(), [.. form["events"].Where(e => e is not null).Select(e => e!)], form["types"].ToString(), form["environment"].ToString(), form["description"].ToString(), form["name"].ToString().Trim(), form["enabled"] == "true");

    public static WebhookForm Of(WebhookData data) =>
        new(data.Url, [.. data.Events.Where(GroupPatterns.Contains)], string.Join(", ", data.Events.Where(e => !GroupPatterns.Contains(e))), data.Environment ?? string.Empty, data.Description ?? string.Empty, data.Name ?? string.Empty, data.Enabled);

    /// <summary>The request the API would get for this form (so both are checked by the same code).</summary>
    public WebhookRequest ToRequest() =>
        new(
            Url,
            [.. Groups, .. Flags.FlagConfigEdits.SplitList(Types)],
            string.IsNullOrWhiteSpace(Environment) ? null : Environment.Trim(),
            string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
            Name.Length == 0 ? null : Name,
            Enabled);
}
