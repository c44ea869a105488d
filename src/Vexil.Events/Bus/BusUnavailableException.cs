namespace Vexil.Events.Bus;

/// <summary>The bus could not make a message durable; the publisher should answer 503 and the sender retry.</summary>
public sealed class BusUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BusUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BusUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public BusUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
