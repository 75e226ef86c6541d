terraform {
  # for_each in provider blocks and over module provider references:
  # OpenTofu 1.9 and later.
  required_version = ">= 1.9.0"
  required_providers {
    entrapim = {
      source  = "entrapim/entrapim"
      version = "~> 0.1"
    }
  }
}
