using Microsoft.Extensions.Options;

namespace Vexil.Edge;

/// <summary>Validates <see cref="EdgeOptions"/>'s data annotations at start, by generated code (trimmable).</summary>
[OptionsValidator]
internal sealed partial class EdgeOptionsValidator : IValidateOptions<EdgeOptions>;
