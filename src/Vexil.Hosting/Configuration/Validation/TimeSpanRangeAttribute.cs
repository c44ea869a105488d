using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Vexil.Hosting.Configuration.Validation;

/// <summary>
/// A <see cref="TimeSpan"/> setting between <paramref name="minimum"/> and <paramref name="maximum"/> (invariant
/// <c>c</c> format, inclusive). <see cref="RangeAttribute"/>'s <c>typeof(TimeSpan)</c> form converts through
/// <c>TypeDescriptor</c> (reflection, not trimmable); this parses once and compares.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
internal sealed class TimeSpanRangeAttribute(string minimum, string maximum) : ValidationAttribute("The field {0} must be between {1} and {2}.")
{
    /// <summary>The smallest value allowed.</summary>
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    /// <summary>The largest value allowed.</summary>
    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override bool IsValid(object? value) => value is null || (value is TimeSpan t && t >= Minimum && t <= Maximum);

    /// <inheritdoc/>
    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Minimum, Maximum);
}
