using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using Microsoft.FeatureManagement.Telemetry;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>
/// Microsoft.FeatureManagement's <see cref="IVariantFeatureManager"/> on Vexil: a feature's variant is the Vexil
/// flag's variation for the context — its key as <see cref="Variant.Name"/>, its value as
/// <see cref="Variant.Configuration"/> (<c>Configuration.Value</c> for a boolean, string or number; child sections for
/// an object) — for flags of every type, so a multivariate flag drives <c>GetVariantAsync</c>, the
/// <c>&lt;feature variant="…"&gt;</c> tag helper and <see cref="VariantFeatureGateAttribute"/>. Whether a feature is
/// enabled is still Microsoft.FeatureManagement's own answer (Vexil's boolean flags through the "Vexil" filter). With
/// <see cref="VexilFeatureManagementOptions.TelemetryEnabled"/> each variant evaluation is published as
/// Microsoft.FeatureManagement's evaluation event (a <c>FeatureFlag</c> event on the current activity), Vexil's
/// reason mapped to its <see cref="VariantAssignmentReason"/> and kept, with the variation and flag version, in the
/// event's telemetry metadata.
/// </summary>
public sealed class VexilVariantFeatureManager(
    VexilClient client,
    IFeatureManager features,
    IVexilContextAccessor contextAccessor,
    IOptions<VexilFeatureManagementOptions> options) : IVariantFeatureManagerSnapshot
{
    /// <summary>The activity event's name, Microsoft.FeatureManagement's own: <c>FeatureFlag</c>.</summary>
    public const string EventName = "FeatureFlag";


    /// <inheritdoc />
    public IAsyncEnumerable<string> GetFeatureNamesAsync(CancellationToken cancellationToken = default) => features.GetFeatureNamesAsync();

    /// <inheritdoc />
    public async ValueTask<bool> IsEnabledAsync(string feature, CancellationToken cancellationToken = default) =>
        await features.IsEnabledAsync(feature).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<bool> IsEnabledAsync<TContext>(string feature, TContext context, CancellationToken cancellationToken = default) =>
        await features.IsEnabledAsync(feature, context).ConfigureAwait(false);

    /// <summary>The variant of <paramref name="feature"/> for the current operation's context (<see cref="IVexilContextAccessor"/>); null when the flag is missing or serves no variation.</summary>
    public ValueTask<Variant> GetVariantAsync(string feature, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Evaluate(feature, contextAccessor.GetContext(), null)!);

    /// <summary>
    /// The variant for a Microsoft.FeatureManagement targeting context: its <c>UserId</c> is the targeting key and its
    /// <c>Groups</c> the <c>groups</c> attribute.
    /// </summary>
    public ValueTask<Variant> GetVariantAsync(string feature, ITargetingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = EvaluationContext.CreateBuilder(context.UserId);
        if (context.Groups is { } groups && groups.Any())
        {
            builder.Set("groups", [.. groups]);
        }

        return ValueTask.FromResult(Evaluate(feature, builder.Build(), context)!);
    }

    private Variant? Evaluate(string feature, EvaluationContext context, ITargetingContext? targeting)
    {
        var evaluated = VexilVariants.Evaluate(client, feature, context);
        if (options.Value.TelemetryEnabled && evaluated is { } found)
        {
            Publish(feature, context, targeting, found);
        }

        return evaluated?.Variant;
    }

    // Microsoft.FeatureManagement publishes its evaluation events as a "FeatureFlag" event on the current activity
    // (its FeatureEvaluationTelemetry, internal); a variant Vexil assigned is published the same way, with the same
    // attribute names, Vexil's reason, variation and flag version as the event's telemetry metadata.
    private void Publish(string feature, EvaluationContext context, ITargetingContext? targeting, VexilVariants.Evaluated found)
    {
        if (Activity.Current is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        var tags = new ActivityTagsCollection
        {
            ["FeatureName"] = feature,
            ["Enabled"] = found.Reason is not (EvaluationReason.Disabled or EvaluationReason.Error),
            ["VariantAssignmentReason"] = AssignmentReason(found.Reason).ToString(),
            ["Version"] = "1.0.0",
            ["Variant"] = found.Variant?.Name ?? string.Empty,
            ["TargetingId"] = targeting?.UserId ?? context.TargetingKey ?? string.Empty,
            ["VexilReason"] = Diagnostics.VexilTelemetry.ReasonValue(found.Reason),
            ["VexilVariation"] = found.Variant?.Name ?? string.Empty,
            ["VexilFlagVersion"] = found.FlagVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        activity.AddEvent(new ActivityEvent(EventName, tags: tags));
    }

    /// <summary>Vexil's reason as Microsoft.FeatureManagement's: a matched rule or target is a user allocation, a rollout a percentile.</summary>
    public static VariantAssignmentReason AssignmentReason(EvaluationReason reason) => reason switch
    {
        EvaluationReason.TargetingMatch => VariantAssignmentReason.User,
        EvaluationReason.Split => VariantAssignmentReason.Percentile,
        EvaluationReason.Disabled => VariantAssignmentReason.DefaultWhenDisabled,
        EvaluationReason.Static or EvaluationReason.Default => VariantAssignmentReason.DefaultWhenEnabled,
        _ => VariantAssignmentReason.None,
    };
}
