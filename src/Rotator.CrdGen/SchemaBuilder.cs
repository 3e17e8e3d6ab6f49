using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace Rotator.CrdGen;

/// <summary>
/// Builds a structural OpenAPI v3 schema from C# types: the C# types are the source of truth and the
/// checked-in CRD is generated from them. Validation comes from DataAnnotations ([Required], [Range],
/// [RegularExpression], [MinLength]/[MaxLength]); enums become string enums; no defaults are ever
/// emitted (schema defaults cause permanent diffs under Argo CD; defaults live in the operator).
/// </summary>
public sealed class SchemaBuilder(XmlDocumentation docs)
{
    public Dictionary<string, object> For(Type type, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var schema = new Dictionary<string, object>();
        if (description is not null)
        {
            schema["description"] = description;
        }

        if (underlying == typeof(string))
        {
            schema["type"] = "string";
        }
        else if (underlying == typeof(bool))
        {
            schema["type"] = "boolean";
        }
        else if (underlying == typeof(int))
        {
            schema["type"] = "integer";
            schema["format"] = "int32";
        }
        else if (underlying == typeof(long))
        {
            schema["type"] = "integer";
            schema["format"] = "int64";
        }
        else if (underlying == typeof(DateTimeOffset))
        {
            schema["type"] = "string";
            schema["format"] = "date-time";
        }
        else if (underlying.IsEnum)
        {
            schema["type"] = "string";
            schema["enum"] = Enum.GetNames(underlying).ToList();
            var members = Enum.GetNames(underlying)
                .Select(n => docs.Of(underlying, n) is { } d ? $"{n}: {d}" : null)
                .Where(d => d is not null)
                .ToList();
            if (members.Count > 0)
            {
                schema["description"] = string.Join(" ", new[] { description }.Concat(members).Where(s => !string.IsNullOrEmpty(s)));
            }
        }
        else if (DictionaryValueType(underlying) is { } valueType)
        {
            schema["type"] = "object";
            schema["additionalProperties"] = For(valueType);
        }
        else if (ListItemType(underlying) is { } itemType)
        {
            schema["type"] = "array";
            schema["items"] = For(itemType, docs.Of(itemType));
        }
        else
        {
            schema["type"] = "object";
            var properties = new Dictionary<string, object>();
            var required = new List<string>();
            foreach (var property in underlying.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                var child = For(property.PropertyType, docs.Of(property));
                Constrain(child, property);
                properties[name] = child;
                if (property.GetCustomAttribute<RequiredAttribute>() is not null)
                {
                    required.Add(name);
                }
            }

            schema["properties"] = properties;
            if (required.Count > 0)
            {
                schema["required"] = required;
            }
        }

        return schema;
    }

    private static void Constrain(Dictionary<string, object> schema, PropertyInfo property)
    {
        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
        {
            schema["pattern"] = pattern.Pattern;
        }

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema["minimum"] = Convert.ToInt64(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
            schema["maximum"] = Convert.ToInt64(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
        }

        var isArray = Equals(schema["type"], "array");
        if (property.GetCustomAttribute<MinLengthAttribute>() is { } min)
        {
            schema[isArray ? "minItems" : "minLength"] = min.Length;
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } max)
        {
            schema[isArray ? "maxItems" : "maxLength"] = max.Length;
        }
    }

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(IReadOnlyDictionary<,>) || d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ListItemType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(IReadOnlyList<>) || d == typeof(IList<>) || d == typeof(List<>))
            ? type.GetGenericArguments()[0]
            : null;
}
