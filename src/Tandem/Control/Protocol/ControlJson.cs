using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tandem.Control.Protocol;

/// <summary>JSON settings shared by the control socket and every <c>--json</c> output: snake_case, enums by name.</summary>
public static class ControlJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
