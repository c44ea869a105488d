using System.Diagnostics;
using Vexil.Core.Evaluation;
using Vexil.Delivery.Tracing;

namespace Vexil.Sdk.Diagnostics;

/// <summary>
/// The names the SDK's telemetry uses, to subscribe to them (<c>tracing.AddSource(VexilTelemetry.ActivitySourceNames)</c>,
/// <c>metrics.AddMeter(VexilTelemetry.MeterName)</c>). Evaluations follow OpenTelemetry's feature-flag semantic
/// conventions (<c>feature_flag.*</c>); the SDK depends on System.Diagnostics only, never on the OpenTelemetry SDK.
/// </summary>
public static class VexilTelemetry
{
    /// <summary>The SDK's meter: <c>Vexil.Sdk</c>.</summary>
    public const string MeterName = SdkMetrics.MeterName;

    /// <summary>The SDK's activity source (<c>vexil.sdk.apply</c>): <c>Vexil.Sdk</c>.</summary>
    public const string ActivitySourceName = "Vexil.Sdk";

    /// <summary>The span of the SDK installing one change: <c>vexil.sdk.apply</c>, a child of the follower's <c>vexil.change.apply</c>.</summary>
    public const string ApplySpanName = "vexil.sdk.apply";

    /// <summary>The environment version a span's change produces: <c>vexil.version</c>.</summary>
    public const string VersionAttribute = DeliveryTelemetry.VersionAttribute;

    /// <summary>The event (a log record, and a span event on the current activity) of one evaluation: <c>feature_flag.evaluation</c>.</summary>
    public const string EvaluationEventName = "feature_flag.evaluation";

    /// <summary>The counter of evaluations by key, variant and reason: <c>feature_flag.evaluations</c> (unit <c>{evaluation}</c>).</summary>
    public const string EvaluationsCounterName = "feature_flag.evaluations";

    /// <summary>The provider's name in <c>feature_flag.provider.name</c>: <c>Vexil</c>.</summary>
    public const string ProviderName = "Vexil";

    /// <summary><c>feature_flag.key</c>.</summary>
    public const string KeyAttribute = "feature_flag.key";

    /// <summary><c>feature_flag.provider.name</c>.</summary>
    public const string ProviderNameAttribute = "feature_flag.provider.name";

    /// <summary><c>feature_flag.result.variant</c>.</summary>
    public const string VariantAttribute = "feature_flag.result.variant";

    /// <summary><c>feature_flag.result.reason</c>: <c>static</c>, <c>targeting_match</c>, <c>split</c>, <c>disabled</c>, <c>default</c> or <c>error</c>.</summary>
    public const string ReasonAttribute = "feature_flag.result.reason";

    /// <summary><c>feature_flag.context.id</c>: the context's targeting key (events only, never a metric attribute).</summary>
    public const string ContextIdAttribute = "feature_flag.context.id";

    /// <summary><c>feature_flag.version</c>: the version of the ruleset evaluated (events only).</summary>
    public const string FlagVersionAttribute = "feature_flag.version";

    /// <summary><c>error.type</c>: the error code of a failed evaluation (<c>flag_not_found</c>, <c>type_mismatch</c>, …).</summary>
    public const string ErrorTypeAttribute = "error.type";

    /// <summary><c>feature_flag.error.message</c> (events only).</summary>
    public const string ErrorMessageAttribute = "feature_flag.error.message";

    /// <summary>Both activity sources a change's spans in the SDK come from: <c>Vexil.Sdk</c> and <c>Vexil.Delivery</c>.</summary>
    public static IReadOnlyList<string> ActivitySourceNames { get; } = [ActivitySourceName, DeliveryTelemetry.ActivitySourceName];

    /// <summary>The semantic conventions' <c>feature_flag.result.reason</c> value of a Vexil reason (<c>targeting_match</c>, …).</summary>
    public static string ReasonValue(EvaluationReason reason) => EvaluationTelemetry.Reason(reason);

    internal static ActivitySource Source { get; } = new(ActivitySourceName, typeof(VexilTelemetry).Assembly.GetName().Version?.ToString());
}
