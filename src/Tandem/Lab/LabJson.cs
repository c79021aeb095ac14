using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tandem.Lab;

/// <summary>JSON of the lab's reports: snake_case like every other --json of tandem, nulls written.</summary>
public static class LabJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
