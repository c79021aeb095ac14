using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

public class ConfigErrorTests
{
    [Fact]
    public void Formats_like_a_compiler()
    {
        Assert.Equal("/f.toml:12: expected '='", new ConfigError("/f.toml", 12, 3, null, "expected '='").ToString());
        Assert.Equal("/f.toml:4: cluster.name: missing", new ConfigError("/f.toml", 4, 1, "cluster.name", "missing").ToString());
        Assert.Equal("/f.toml: nodes: missing", new ConfigError("/f.toml", 0, 0, "nodes", "missing").ToString());
        Assert.Equal("no file", new ConfigError("", 0, 0, null, "no file").ToString());
        Assert.Equal("/f.toml:2: warning: k: w", new ConfigError("/f.toml", 2, 1, "k", "w", ConfigSeverity.Warning).ToString());
    }

    [Fact]
    public void Exception_message_is_one_error_per_line()
    {
        var e = new ConfigException([new ConfigError("f", 1, 1, null, "a"), new ConfigError("f", 2, 1, null, "b")]);
        Assert.Equal("f:1: a\nf:2: b", e.Message);
        Assert.Throws<ArgumentException>(() => new ConfigException([]));
    }

    [Theory]
    [InlineData("hearbeat", "heartbeat")]
    [InlineData("keep_alive", "keepalive")]
    [InlineData("auto-failback", "auto_failback")]
    [InlineData("Protocol", "protocol")]
    [InlineData("protcol", "protocol")]
    [InlineData("c", "C")]
    [InlineData("dead", null)]
    [InlineData("x", null)]
    [InlineData("completely_unrelated", null)]
    public void Suggestions_are_close_matches_only(string word, string? expected) =>
        Assert.Equal(expected, DidYouMean.Suggest(word, ["heartbeat", "keepalive", "auto_failback", "protocol", "deadtime", "C"]));

    [Fact]
    public void Transposition_counts_as_one_edit() => Assert.Equal(1, DidYouMean.Distance("abdc", "abcd"));

    [Fact]
    public void Very_long_words_get_no_suggestion() =>
        Assert.Null(DidYouMean.Suggest(new string('k', 100_000), ["keepalive"]));
}
