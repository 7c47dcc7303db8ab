package com.promptpay.gateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void opensWhatItSealedAndHidesIt() {
        SecretBox box = new SecretBox(randomKey());
        String sealed = box.seal("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertFalse(sealed.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertNotEquals(sealed, box.seal("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "a fresh IV every time");
        assertEquals("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", box.open(sealed));
    }

    @Test
    void anotherKeyOrATamperedValueDoesNotOpen() {
        String sealed = new SecretBox(randomKey()).seal("secret");
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(randomKey()).open(sealed));

        SecretBox box = new SecretBox(randomKey());
        String mine = box.seal("secret");
        char last = mine.charAt(mine.length() - 2);
        String tampered = mine.substring(0, mine.length() - 2) + (last == 'A' ? 'B' : 'A') + mine.charAt(mine.length() - 1);
        assertThrows(IllegalArgumentException.class, () -> box.open(tampered));
    }

    @Test
    void refusesAKeyOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(Base64.getEncoder().encodeToString(new byte[16])));
        assertThrows(IllegalArgumentException.class, () -> new SecretBox("not base64!"));
    }
}
