using Tandem.Config;
using Tandem.Config.Toml;

namespace Tandem.Tests.Unit.Config;

/// <summary>TOML's rules on defining keys and tables once (toml.io v1.0.0 "Table", "Array of Tables").</summary>
public class TomlTableRulesTests
{
    static ConfigError Fails(string text) =>
        Assert.Single(Assert.Throws<ConfigException>(() => TomlParser.Parse(text, "t.toml")).Errors);

    [Theory]
    [InlineData("a = 1\nb = 2\na = 3\n", 3, "duplicate key \"a\" (first set at line 1)")]
    [InlineData("[t]\nx = 1\n\nx = 2\n", 4, "duplicate key \"x\" in [t] (first set at line 2)")]
    [InlineData("[t]\n\"x\" = 1\n'x' = 2\n", 3, "duplicate key")]
    [InlineData("[t]\nx = 1\n[t]\n", 3, "table [t] is defined twice (first at line 1)")]
    [InlineData("[a.b]\n[a]\n[a]\n", 3, "table [a] is defined twice")]
    [InlineData("[a]\nb.c = 1\n[a.b]\n", 3, "already defined with dotted keys at line 2")]
    [InlineData("a = {x = 1}\n[a]\n", 2, "inline table")]
    [InlineData("a = {x = 1}\n[a.b]\n", 2, "inline tables cannot be extended")]
    [InlineData("a = {x = 1}\na.y = 2\n", 2, "inline table")]
    [InlineData("a = 1\n[a]\n", 2, "already set to an integer at line 1")]
    [InlineData("a = 1\n[a.b]\n", 2, "was set to an integer at line 1")]
    [InlineData("a = 1\na.b = 2\n", 2, "is already an integer")]
    [InlineData("[[a]]\n[a]\n", 2, "write [[a]] to add an element")]
    [InlineData("a = [1]\n[[a]]\n", 2, "already set to an array")]
    [InlineData("[a]\n[[a]]\n", 2, "already set to a table")]
    [InlineData("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", 4, "a table with its own [header]")]
    [InlineData("[a.b]\nx = 1\n[a]\nb.y = 2\n", 4, "a table with its own [header]")]
    public void Redefinitions_are_errors_at_the_second_definition(string text, int line, string message)
    {
        var error = Fails(text);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Dotted_keys_may_extend_their_own_dotted_table_only()
    {
        var root = TomlParser.Parse("[x]\na.b = 1\na.c = 2\n", "t.toml");
        Assert.True(root.TryGet("x", out var x));
        Assert.True(((TomlTable)x.Value).TryGet("a", out var a));
        Assert.Equal(2, ((TomlTable)a.Value).Count);
    }

    [Fact]
    public void Each_array_of_tables_element_has_its_own_subtables()
    {
        var root = TomlParser.Parse("[[g]]\n[g.s]\nk = 1\n[[g]]\n[g.s]\nk = 2\n", "t.toml");
        Assert.True(root.TryGet("g", out var g));
        Assert.Equal(2, ((TomlArray)g.Value).Items.Count);
    }
}
