terraform {
  required_version = ">= 1.5.0"

  required_providers {
    entrapim = {
      source = "entrapim/entrapim"
    }
  }
}

# No provider block: the caller passes its provider configuration, either by
# inheritance (the default entrapim provider of the calling module) or
# explicitly with `providers = { entrapim = entrapim.contoso }`.
