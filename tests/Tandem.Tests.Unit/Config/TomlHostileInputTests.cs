using Tandem.Config;
using Tandem.Config.Toml;

namespace Tandem.Tests.Unit.Config;

/// <summary>Inputs meant to exhaust the stack, memory or time: each must end in a bounded, precise error.</summary>
public class TomlHostileInputTests
{
    static ConfigError Fails(string text) =>
        Assert.Single(Assert.Throws<ConfigException>(() => TomlParser.Parse(text, "t.toml")).Errors);

    [Fact]
    public void Deeply_nested_arrays_are_refused_not_a_stack_overflow()
    {
        var error = Fails("a = " + new string('[', 200_000));
        Assert.Contains($"nested more than {TomlParser.MaxDepth} deep", error.Message);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Deeply_nested_inline_tables_are_refused()
    {
        var text = "a = " + string.Concat(Enumerable.Repeat("{ b = ", 10_000));
        Assert.Contains("nested more than", Fails(text).Message);
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        var depth = TomlParser.MaxDepth;
        var root = TomlParser.Parse($"a = {new string('[', depth)}{new string(']', depth)}", "t.toml");
        Assert.True(root.TryGet("a", out _));
    }

    [Fact]
    public void Keys_with_too_many_dotted_parts_are_refused()
    {
        var key = string.Join('.', Enumerable.Repeat("k", 100_000));
        Assert.Contains("more than", Fails($"{key} = 1").Message);
        Assert.Contains("more than", Fails($"[{key}]").Message);
    }

    [Fact]
    public void Text_over_the_limit_is_refused_before_parsing()
    {
        var error = Fails(new string('#', TomlParser.MaxTextLength + 1));
        Assert.Equal(0, error.Line);
        Assert.Contains("at most", error.Message);
    }

    [Fact]
    public void A_very_long_line_parses_and_positions_stay_right()
    {
        var value = new string('x', 3_000_000);
        var root = TomlParser.Parse($"a = 1\nlong = \"{value}\" # end\nb = 2\n", "t.toml");
        Assert.True(root.TryGet("long", out var e));
        Assert.Equal(value, ((TomlString)e.Value).Value);
        Assert.True(root.TryGet("b", out var b));
        Assert.Equal(3, b.KeyPosition.Line);
    }

    [Fact]
    public void An_error_at_the_end_of_a_very_long_line_reports_its_column()
    {
        var error = Fails("a = \"" + new string('y', 1_000_000) + "\" junk");
        Assert.Equal((1, 1_000_008), (error.Line, error.Column));
    }

    [Fact]
    public void Many_tables_and_keys_parse()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"[t{i}]\nk = {i}\n"));
        var root = TomlParser.Parse(text, "t.toml");
        Assert.Equal(20_000, root.Count);
    }

    [Fact]
    public void Nul_and_other_binary_bytes_are_errors()
    {
        Assert.Contains("U+0000", Fails("a = 1\u0000\n").Message);
        Assert.Equal(2, Fails("a = 1\n\u0000 = 2").Line);
    }

    [Fact]
    public void Unterminated_constructs_at_end_of_file_do_not_loop()
    {
        foreach (var text in new[] { "a = [", "a = {", "a = \"\"\"", "a = '''", "[", "[[", "a.", "a = [1,", "a = { b", "a = \"\\" })
            Assert.Throws<ConfigException>(() => TomlParser.Parse(text, "t.toml"));
    }
}
