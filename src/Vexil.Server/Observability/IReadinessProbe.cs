namespace Vexil.Server.Observability;

/// <summary>What <c>/health/ready</c> reports: the control plane is ready once its store is; an edge reports staleness.</summary>
internal interface IReadinessProbe
{
    ReadinessReport Check();
}
