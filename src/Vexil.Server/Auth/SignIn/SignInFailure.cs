namespace Vexil.Server.Auth.SignIn;

/// <summary>One failed sign-in as counted: the failures of the name and of the address, the next time one is checked, and whether this failure locked either.</summary>
internal sealed record SignInFailure(long AccountFailures, long AddressFailures, DateTimeOffset? BlockedUntil, bool AccountLocked, bool AddressLocked);
