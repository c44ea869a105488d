using Microsoft.Extensions.Options;
using Vexil.Sdk.Configuration;

namespace Vexil.Sdk.DependencyInjection;

/// <summary>Validates <see cref="VexilOptions"/> through the options pipeline (at host start with <c>ValidateOnStart</c>).</summary>
internal sealed class VexilOptionsValidator : IValidateOptions<VexilOptions>
{
    public ValidateOptionsResult Validate(string? name, VexilOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
