namespace Vexil.Hosting.Configuration;

/// <summary>A setting that prevents the start; <c>vexil</c> prints its message and exits with code 2.</summary>
internal class ConfigurationException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
