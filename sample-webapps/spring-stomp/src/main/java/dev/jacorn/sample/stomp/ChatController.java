package dev.jacorn.sample.stomp;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The chat page (a Thymeleaf view) and the STOMP message handler behind it. */
@Controller
public class ChatController {

    @GetMapping("/")
    public String page(Model model) {
        model.addAttribute("room", "lobby");
        return "chat";
    }

    @MessageMapping("/chat")
    @SendTo("/topic/messages")
    public String chat(String text) {
        return "said: " + text;
    }
}
