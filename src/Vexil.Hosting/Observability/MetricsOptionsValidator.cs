using Microsoft.Extensions.Options;

namespace Vexil.Hosting.Observability;

/// <summary>Validates <see cref="MetricsOptions"/>'s data annotations at start, by generated code (trimmable).</summary>
[OptionsValidator]
internal sealed partial class MetricsOptionsValidator : IValidateOptions<MetricsOptions>;
