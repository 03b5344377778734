-- The technologies search vector is a generated column, which must be built from IMMUTABLE functions only.
-- array_to_string is merely STABLE (it is generic over element types), so tags are joined through this wrapper:
-- for text[] the result depends on nothing but its arguments.
CREATE OR REPLACE FUNCTION cc_text_array_join(items text[], separator text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_to_string(items, separator) $$;
