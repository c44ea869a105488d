using Vexil.Core.Model;
using Vexil.Server.Dashboard.Flags;

namespace Vexil.Server.Dashboard.Shared;

/// <summary>Reads the fields of <c>ClauseFields</c> (attribute, operator, values, not) into a clause, or says what is missing.</summary>
internal static class ClauseForm
{
    public static ClauseDefinition? Read(IFormCollection form, List<string> errors)
    {
        var attribute = form["attribute"].ToString().Trim();
        var op = form["operator"].ToString();
        var values = form["values"].ToString();
        var before = errors.Count;
        if (op.Length == 0)
        {
            errors.Add("A clause needs an operator.");
        }

        if (op != "segmentMatch" && attribute.Length == 0)
        {
            errors.Add("A clause needs an attribute (e.g. email, or targetingKey).");
        }

        if (FlagConfigEdits.SplitList(values).Count == 0)
        {
            errors.Add("A clause needs at least one value.");
        }

        return errors.Count > before ? null : FlagConfigEdits.Clause(attribute.Length == 0 ? "targetingKey" : attribute, op, values, form["negate"] == "true");
    }
}
