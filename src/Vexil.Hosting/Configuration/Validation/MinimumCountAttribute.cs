using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Vexil.Hosting.Configuration.Validation;

/// <summary>
/// A string or a list setting with at least <paramref name="length"/> characters or items. <see cref="MinLengthAttribute"/>
/// falls back to reflection (a <c>Count</c> property) for other types and is not trimmable; this reads strings and
/// collections only.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
internal sealed class MinimumCountAttribute(int length) : ValidationAttribute("The field {0} must be a string or array type with a minimum length of '{1}'.")
{
    /// <summary>The least length or count allowed.</summary>
    public int Length { get; } = length;

    /// <inheritdoc/>
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        string s => s.Length >= Length,
        ICollection c => c.Count >= Length,
        _ => false,
    };

    /// <inheritdoc/>
    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Length);
}
