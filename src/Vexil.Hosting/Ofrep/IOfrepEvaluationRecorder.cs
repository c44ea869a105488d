using Vexil.Core.Evaluation;

namespace Vexil.Hosting.Ofrep;

/// <summary>Told of every evaluation OFREP serves for one target (an edge summarizes them); must not block or allocate per call.</summary>
internal interface IOfrepEvaluationRecorder
{
    void Record(in EvaluationResult result);
}
