using Microsoft.Extensions.Options;

namespace Vexil.Edge.Events;

/// <summary>Validates <see cref="EdgeEventsOptions"/>'s data annotations at start, by generated code (trimmable).</summary>
[OptionsValidator]
internal sealed partial class EdgeEventsOptionsValidator : IValidateOptions<EdgeEventsOptions>;
