using Vexil.Core.Context;

namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>
/// Supplies the evaluation context of the current operation (usually the current request's user) to Vexil flags
/// evaluated through Microsoft.FeatureManagement. Register your own to add attributes.
/// </summary>
public interface IVexilContextAccessor
{
    /// <summary>The context for evaluations happening now.</summary>
    EvaluationContext GetContext();
}
