using Microsoft.Extensions.Options;

namespace Vexil.Edge.Serve;

/// <summary>Validates <see cref="ServeOptions"/>'s data annotations at start, by generated code (trimmable).</summary>
[OptionsValidator]
internal sealed partial class ServeOptionsValidator : IValidateOptions<ServeOptions>;
