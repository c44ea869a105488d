namespace Vexil.Core.Evaluation;

/// <summary>OpenFeature's error codes.</summary>
public enum ErrorCode : byte
{
    /// <summary>No error.</summary>
    None,

    /// <summary>No flag has the requested key.</summary>
    FlagNotFound,

    /// <summary>The flag's type is not the requested type.</summary>
    TypeMismatch,

    /// <summary>The flag definitions could not be parsed.</summary>
    ParseError,

    /// <summary>The evaluation needed a targeting key and the context has none.</summary>
    TargetingKeyMissing,

    /// <summary>The context is not valid for this evaluation.</summary>
    InvalidContext,

    /// <summary>Any other failure.</summary>
    General,
}
