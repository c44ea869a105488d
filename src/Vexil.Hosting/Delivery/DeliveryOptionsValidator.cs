using Microsoft.Extensions.Options;

namespace Vexil.Hosting.Delivery;

/// <summary>Validates <see cref="DeliveryOptions"/>'s data annotations at start, by generated code (trimmable).</summary>
[OptionsValidator]
internal sealed partial class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>;
