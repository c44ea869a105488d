
namespace Vexil.Server.Auth.Accounts;

/// <summary>The rule every new password meets.</summary>
internal static class Passwords
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinimumLength = 12;

    /// <summary>Adds an error for <paramref name="field"/> when <paramref name="password"/> is missing or too short.</summary>
    public static void Check(ValidationErrors errors, string field, string? password)
    {
        if (password is null || password.Length < MinimumLength)
        {
            errors.Add(field, $"must be at least {MinimumLength} characters");
        }
    }
}
