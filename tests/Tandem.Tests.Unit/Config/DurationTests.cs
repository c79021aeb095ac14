using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

public class DurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("3s", 3000)]
    [InlineData("1.5s", 1500)]
    [InlineData("0.25s", 250)]
    [InlineData("1m", 60_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData(" 10s ", 10_000)]
    [InlineData("10 s", 10_000)]
    [InlineData("0ms", 0)]
    public void Parses(string text, long ms) => Assert.Equal(TimeSpan.FromMilliseconds(ms), Duration.Parse(text));

    [Theory]
    [InlineData("3", "has no unit")]
    [InlineData("3sec", "unknown unit \"sec\"")]
    [InlineData("3S", "unknown unit")]
    [InlineData("", "is not a duration")]
    [InlineData("s", "is not a duration")]
    [InlineData("-1s", "is not a duration")]
    [InlineData(".5s", "is not a duration")]
    [InlineData("1.s", "is not a duration")]
    [InlineData("1.2.3s", "is not a duration")]
    [InlineData("0.5ms", "whole number of milliseconds")]
    [InlineData("366d", "unknown unit")]
    [InlineData("9000h", "longer than")]
    [InlineData("99999999999999999999999999999999h", "is not a duration")]
    public void Refuses(string text, string message)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(1500, "1500ms")]
    [InlineData(3000, "3s")]
    [InlineData(90_000, "90s")]
    [InlineData(120_000, "2m")]
    [InlineData(3_600_000, "1h")]
    [InlineData(0, "0s")]
    public void Formats_exactly(long ms, string text)
    {
        Assert.Equal(text, Duration.Format(TimeSpan.FromMilliseconds(ms)));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), Duration.Parse(text));
    }

    [Fact]
    public void Format_round_trips_every_millisecond_pattern()
    {
        var rng = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var t = TimeSpan.FromMilliseconds(rng.NextInt64(0, (long)Duration.Max.TotalMilliseconds));
            Assert.Equal(t, Duration.Parse(Duration.Format(t)));
        }
    }
}
