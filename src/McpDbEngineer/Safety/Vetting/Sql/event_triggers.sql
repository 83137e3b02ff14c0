-- Whether creating the probe function would fire someone's event trigger (code the guard did not vet).
SELECT EXISTS (SELECT FROM pg_event_trigger WHERE evtenabled <> 'D');
