using Microsoft.Extensions.Options;

namespace Vexil.Hosting.Ofrep;

/// <summary>Validates <see cref="OfrepOptions"/>'s data annotations at start, by generated code (trimmable).</summary>
[OptionsValidator]
internal sealed partial class OfrepOptionsValidator : IValidateOptions<OfrepOptions>;
