using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Server.Tests.Ofrep;

/// <summary>The OFREP body for results the HTTP tests cannot easily produce: metadata and general errors.</summary>
public sealed class OfrepWriterTests
{
    [Fact]
    public void Success_WithFlagMetadata_WritesTheMetadata()
    {
        var flag = new FixedFlag(FlagMetadata.Create([new("team", ContextValue.Of("growth")), new("tier", ContextValue.Of(2)), new("beta", ContextValue.Of(true))]));
        var result = new EvaluationResult(flag, 0, EvaluationReason.Static, ReasonDetail.None);

        using var body = JsonDocument.Parse(OfrepWriter.Single("fixed", result));

        var metadata = body.RootElement.GetProperty("metadata");
        Assert.Equal("growth", metadata.GetProperty("team").GetString());
        Assert.Equal(2, metadata.GetProperty("tier").GetDouble());
        Assert.True(metadata.GetProperty("beta").GetBoolean());
        Assert.Equal("yes", body.RootElement.GetProperty("value").GetString());
    }

    [Fact]
    public void Failure_WithoutMetadata_HasNoMetadataProperty()
    {
        var result = EvaluationResult.Failure(new FixedFlag(FlagMetadata.Empty), ErrorCode.General, "boom");

        using var body = JsonDocument.Parse(OfrepWriter.Single("fixed", result));

        Assert.Equal("GENERAL", body.RootElement.GetProperty("errorCode").GetString());
        Assert.Equal("boom", body.RootElement.GetProperty("errorDetails").GetString());
        Assert.False(body.RootElement.TryGetProperty("metadata", out _));
        Assert.False(body.RootElement.TryGetProperty("reason", out _));
    }

    [Theory]
    [InlineData(ErrorCode.FlagNotFound, "FLAG_NOT_FOUND")]
    [InlineData(ErrorCode.ParseError, "PARSE_ERROR")]
    [InlineData(ErrorCode.TargetingKeyMissing, "TARGETING_KEY_MISSING")]
    [InlineData(ErrorCode.InvalidContext, "INVALID_CONTEXT")]
    [InlineData(ErrorCode.General, "GENERAL")]
    [InlineData(ErrorCode.TypeMismatch, "GENERAL")]
    public void Error_MapsToOfrepErrorCode(ErrorCode code, string expected) => Assert.Equal(expected, OfrepWriter.Error(code));

    [Theory]
    [InlineData(EvaluationReason.Static, "STATIC")]
    [InlineData(EvaluationReason.TargetingMatch, "TARGETING_MATCH")]
    [InlineData(EvaluationReason.Split, "SPLIT")]
    [InlineData(EvaluationReason.Disabled, "DISABLED")]
    [InlineData(EvaluationReason.Default, "DEFAULT")]
    [InlineData(EvaluationReason.Error, "ERROR")]
    public void Reason_MapsToOpenFeatureReason(EvaluationReason reason, string expected) => Assert.Equal(expected, OfrepWriter.Reason(reason));

    private sealed class FixedFlag(FlagMetadata metadata)
        : CompiledFlag("fixed", FlagValueType.String, [new CompiledVariation("yes", FlagValue.Of("yes"))], 1, metadata)
    {
        public override EvaluationResult Evaluate(EvaluationContext context) => new(this, 0, EvaluationReason.Static, ReasonDetail.None);
    }
}
