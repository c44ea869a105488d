using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.Mvc.TagHelpers;
using Vexil.Core.Context;
using Vexil.Sdk.AspNetCore.FeatureManagement;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Testing;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.AspNetCore;

/// <summary>The <c>&lt;feature name="…"&gt;</c> tag helper of Microsoft.FeatureManagement, answered by Vexil.</summary>
public sealed class FeatureTagHelperTests
{
    [Theory]
    [InlineData(true, "<p>new checkout</p>")]
    [InlineData(false, "")]
    public async Task FeatureTag_RendersItsContentOnlyWhenTheVexilFlagIsOn(bool authenticated, string expected)
    {
        var data = new VexilTestData().SetFlag(TestFlags.SignedInOnly("new-checkout"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new VexilClient(new VexilOptions { TestData = data }));
        services.AddSingleton<IVexilContextAccessor>(new FixedContext(EvaluationContext.CreateBuilder("u").Set("authenticated", authenticated).Build()));
        services.AddVexilFeatureManagement();
        await using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var helper = new FeatureTagHelper(scope.ServiceProvider.GetRequiredService<IFeatureManagerSnapshot>(), scope.ServiceProvider.GetRequiredService<IVariantFeatureManagerSnapshot>()) { Name = "new-checkout" };
        var context = new TagHelperContext([], new Dictionary<object, object>(), "id");
        var output = new TagHelperOutput("feature", [], (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent().SetHtmlContent("<p>new checkout</p>")));
        output.Content.SetHtmlContent("<p>new checkout</p>");

        await helper.ProcessAsync(context, output);

        Assert.Equal(expected, output.Content.GetContent());
        Assert.Null(output.TagName);
    }

    private sealed class FixedContext(EvaluationContext context) : IVexilContextAccessor
    {
        public EvaluationContext GetContext() => context;
    }
}
