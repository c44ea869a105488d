using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Vexil.Hosting.Configuration.Validation;

/// <summary>Options validated by a source-generated <c>[OptionsValidator]</c> (no reflection, trimmable) instead of <c>ValidateDataAnnotations</c>.</summary>
internal static class GeneratedValidation
{
    /// <summary>Validates <typeparamref name="TOptions"/> with <typeparamref name="TValidator"/> (its data annotations, generated).</summary>
    public static OptionsBuilder<TOptions> ValidateWith<TOptions, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(this OptionsBuilder<TOptions> builder)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return builder;
    }
}
