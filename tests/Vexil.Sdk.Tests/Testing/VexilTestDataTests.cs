using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Status;
using Vexil.Sdk.Testing;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.Testing;

public sealed class VexilTestDataTests
{
    [Fact]
    public void Values_set_in_test_data_are_served_at_once_and_changes_are_announced()
    {
        var data = new VexilTestData().Set("dark-mode", true).Set("banner", "hello").Set("limit", 3.5);
        using var client = new VexilClient(new VexilOptions { TestData = data });
        var changed = new List<string>();
        client.FlagsChanged += (_, e) => changed.AddRange(e.Keys);

        Assert.Equal(VexilState.Ready, client.Status.State);
        Assert.True(client.GetBoolean("dark-mode", false));
        Assert.Equal("hello", client.GetString("banner", "none"));
        Assert.Equal(3.5, client.GetNumber("limit", 0));

        data.Set("dark-mode", false);
        Assert.False(client.GetBoolean("dark-mode", true));
        Assert.Equal(["dark-mode"], changed);
    }

    [Fact]
    public void Details_report_variation_reason_and_errors_and_never_throw()
    {
        var data = new VexilTestData().Set("dark-mode", true).Set("config", JsonDocument.Parse("""{"a":1}""").RootElement);
        using var client = new VexilClient(new VexilOptions { TestData = data });

        var ok = client.GetBooleanDetails("dark-mode", false);
        Assert.Equal((true, "value", ErrorCode.None), (ok.Value, ok.VariationKey, ok.ErrorCode));

        var missing = client.GetStringDetails("nope", "fallback");
        Assert.Equal(("fallback", EvaluationReason.Error, ErrorCode.FlagNotFound), (missing.Value, missing.Reason, missing.ErrorCode));

        var mismatch = client.GetNumberDetails("dark-mode", 7);
        Assert.Equal((7.0, ErrorCode.TypeMismatch), (mismatch.Value, mismatch.ErrorCode));

        Assert.Equal(1, client.GetObjectDetails("config", default).Value.GetProperty("a").GetInt32());
        Assert.False(client.GetBoolean(null!, false));
    }

    [Fact]
    public void Rules_in_test_data_evaluate_per_context_and_AllFlags_lists_every_value()
    {
        var data = new VexilTestData().SetFlag(TestFlags.SignedInOnly("beta")).Set("banner", "hi");
        using var client = new VexilClient(new VexilOptions { TestData = data });
        var signedIn = EvaluationContext.CreateBuilder("u1").Set("authenticated", true).Build();

        Assert.True(client.GetBoolean("beta", false, signedIn));
        Assert.False(client.GetBoolean("beta", true, EvaluationContext.Empty));
        var all = client.AllFlags(signedIn);
        Assert.True(all["beta"].Value.AsBoolean);
        Assert.Equal("hi", all["banner"].Value.AsString);

        data.Remove("banner");
        Assert.Equal("gone", client.GetString("banner", "gone"));
    }

    [Fact]
    public void Evaluation_does_not_allocate()
    {
        var data = new VexilTestData().SetFlag(TestFlags.SignedInOnly("beta"));
        using var client = new VexilClient(new VexilOptions { TestData = data });
        var context = EvaluationContext.CreateBuilder("u1").Set("authenticated", true).Build();
        client.GetBoolean("beta", false, context);
        client.GetBooleanDetails("beta", false, context);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            client.GetBoolean("beta", false, context);
            client.GetBooleanDetails("beta", false, context);
            client.GetBoolean("missing", false, context);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void An_offline_file_serves_without_a_server()
    {
        var file = TestClients.TempFile("flags.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, TestFlags.Ruleset(9, TestFlags.Boolean("a", true)));
        using var client = new VexilClient(new VexilOptions { OfflineFilePath = file });

        Assert.True(client.GetBoolean("a", false));
        Assert.Equal(9, client.Status.Version);
        Assert.Equal(VexilState.Ready, client.Status.State);
    }

    [Fact]
    public void An_invalid_flag_is_refused_and_the_previous_flags_stay()
    {
        var data = new VexilTestData().Set("a", true);
        using var client = new VexilClient(new VexilOptions { TestData = data });

        Assert.Throws<ArgumentException>(() => data.SetFlag(TestFlags.Invalid("b")));
        Assert.Throws<ArgumentException>(() => data.SetFlag("""{"key":"c","type":"boolean","variations":[{"key":"on","value":true}],"enabled":true,"fallthrough":{"variation":"missing"}}"""));

        Assert.True(client.GetBoolean("a", false));
        Assert.Equal(["a"], client.Ruleset.Flags.Keys);
    }
}
